/** This copy of Pulseboard's version (package.json's; test/node/package.test.js keeps them equal). */
export const VERSION = '0.1.0';
