// Stands in for the `debug` package in the command's bundle (scripts/bundle-cli.mjs): the same
// loggers, one per name, made once. puppeteer-core asks for a new logger for every protocol message
// it sends or receives (a colour picked, DEBUG read, options copied each time): tens of thousands in
// a large build, for loggers that say nothing unless DEBUG names them. DEBUG=puppeteer:* logs as before.
import createDebug from '../node_modules/debug/src/index.js';

const made = new Map();

export default function debug(namespace) {
  let logger = made.get(namespace);
  if (logger === undefined) made.set(namespace, (logger = createDebug(namespace)));
  return logger;
}
Object.assign(debug, createDebug);
