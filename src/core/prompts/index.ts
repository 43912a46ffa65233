import type { DomainMap } from '../types';
import { promptFacts, type PromptInputs } from './facts';
import { DEFAULT_TEMPLATE, renderTemplate } from './template';

export { describePattern, promptFacts, TASK_PLACEHOLDER, type PromptFacts, type PromptInputs } from './facts';
export {
  checkTemplate,
  DEFAULT_TEMPLATE,
  PLACEHOLDERS,
  renderTemplate,
  TEMPLATE_FILE,
  type TemplateProblem,
} from './template';

/** The terminal prompt of one domain, from the built-in template or the user's. */
export function generatePrompt(
  map: DomainMap,
  domainId: string,
  inputs: PromptInputs = {},
  template = DEFAULT_TEMPLATE,
): string {
  return renderTemplate(template, promptFacts(map, domainId, inputs));
}
