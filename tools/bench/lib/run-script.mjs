/**
 * Runs a long tool script: exits with main()'s code, always after `cleanup`, and on Ctrl-C
 * or SIGTERM cleans up and exits 130.
 */
/**
 * @param {object} script
 * @param {() => Promise<number>} script.main resolves to the exit code
 * @param {() => Promise<void>} script.cleanup
 * @param {(message: string) => void} script.say
 */
export function runScript({ main, cleanup, say }) {
  let interrupted = false;
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    // `on`, not `once`: tools/stack stops the services itself (and re-raises the signal,
    // ending us before our clean-up) when it sees no other listener.
    process.on(signal, () => {
      interrupted = true;
      say('Interrupted; stopping...');
      void cleanup().finally(() => process.exit(130));
    });
  }
  main().then(
    async (code) => {
      await cleanup();
      process.exit(code);
    },
    async (error) => {
      // Once interrupted, failures are our own processes being stopped: not news.
      if (!interrupted)
        say(
          error instanceof Error
            ? (error.stack ?? error.message)
            : String(error),
        );
      await cleanup();
      process.exit(interrupted ? 130 : 1);
    },
  );
}
