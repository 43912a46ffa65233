/**
 * The environment variable that makes `activate()` hand Territory's own integration tests the
 * live objects (`testing`). The test runners set it to "1"; nothing else should. No VS Code import:
 * the runners, in plain Node, read it too.
 */
export const TEST_HANDLE_ENV = 'TERRITORY_TEST_HANDLE';
