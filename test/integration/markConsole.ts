// Prefixes everything the extension host prints with a mark, so the offline runner can
// pick the test output out of the workbench log it arrives in (see EXTHOST_MARK).
// Returns a function that undoes the wrapping.
//
// The extension host replaces console.log & co. with accessors whose setters do nothing,
// so plain assignment is silently ignored: the properties are redefined instead. Its
// process.stdout/stderr wrappers forward whole lines through console.log/console.error,
// so wrapping the console marks those too.

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: readonly ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

export function markConsole(mark: string): () => void {
  const saved = METHODS.map((name) => [name, Object.getOwnPropertyDescriptor(console, name)] as const);
  for (const name of METHODS) {
    const original = console[name];
    const marked = (...args: unknown[]): void => {
      // The first argument may be a format string ("%s"): prepend to it rather than
      // adding an argument, and give non-strings their own leading argument.
      if (typeof args[0] === 'string') original.call(console, mark + args[0], ...args.slice(1));
      else original.call(console, mark.trimEnd(), ...args);
    };
    Object.defineProperty(console, name, { value: marked, writable: true, configurable: true, enumerable: true });
  }
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(console, name, descriptor);
    }
  };
}
