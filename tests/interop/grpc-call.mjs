// Calls a ChainNode gRPC method with @grpc/grpc-js, the standard Node.js client, and prints
// one JSON line per response message or status. Messages are google.protobuf wrappers
// encoded by hand, so no .proto compiler is needed here.
//   node grpc-call.mjs ADDRESS unary  METHOD TEXT
//   node grpc-call.mjs ADDRESS stream METHOD COUNT
import grpc from '@grpc/grpc-js';

const [address, mode, method, argument] = process.argv.slice(2);

function varint(n) {
  const bytes = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    bytes.push(b);
  } while (v > 0n);
  return Buffer.from(bytes);
}

function readVarint(buf, at) {
  let result = 0n, shift = 0n, i = at;
  for (;;) {
    const b = buf[i++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, i];
    shift += 7n;
  }
}

const stringValue = {
  encode: (text) => { const body = Buffer.from(text, 'utf8'); return Buffer.concat([Buffer.from([0x0a]), varint(body.length), body]); },
  decode: (buf) => { if (buf.length === 0) return ''; const [len, at] = readVarint(buf, 1); return buf.subarray(at, at + Number(len)).toString('utf8'); },
};
const uint64Value = {
  encode: (n) => Buffer.concat([Buffer.from([0x08]), varint(n)]),
  decode: (buf) => (buf.length === 0 ? '0' : readVarint(buf, 1)[0].toString()),
};

const client = new grpc.Client(address, grpc.credentials.createInsecure());
const deadline = new Date(Date.now() + 10000);
const fail = (error) => { console.log(JSON.stringify({ code: error.code, details: error.details })); client.close(); };

if (mode === 'unary') {
  client.makeUnaryRequest(method, stringValue.encode, stringValue.decode, argument, { deadline }, (error, value) => {
    if (error) return fail(error);
    console.log(JSON.stringify({ value }));
    client.close();
  });
} else if (mode === 'stream') {
  const call = client.makeServerStreamRequest(method, uint64Value.encode, uint64Value.decode, BigInt(argument), { deadline });
  call.on('data', (value) => console.log(JSON.stringify({ value })));
  call.on('error', fail);
  call.on('end', () => { console.log(JSON.stringify({ end: true })); client.close(); });
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
