// Injected into the command's bundle in place of the global Buffer (esbuild's inject): calling
// Buffer() or new Buffer() — which exceljs's zip libraries do, and which Node warns about in code
// outside node_modules — makes the buffer the way Node recommends instead. Everything else
// (Buffer.from, Buffer.isBuffer, instanceof Buffer) is Node's own Buffer.
const legacy = (value, encodingOrOffset, length) => (typeof value === 'number' ? globalThis.Buffer.alloc(value) : globalThis.Buffer.from(value, encodingOrOffset, length));

const LegacySafeBuffer = new Proxy(globalThis.Buffer, {
  apply: (_target, _this, args) => legacy(...args),
  construct: (_target, args) => legacy(...args),
});

export { LegacySafeBuffer as Buffer };
