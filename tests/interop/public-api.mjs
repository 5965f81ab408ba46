// Exercises a validator's public API with @grpc/grpc-js and the node's own .proto files
// (loaded by @grpc/proto-loader), the way any third-party client would. Prints one JSON line
// per step.
//   node public-api.mjs ADDRESS SIGNED_TX_BASE64 BAD_TX_BASE64 BLOCKS
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [address, signedTx, badTx, blockCount] = process.argv.slice(2);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const definition = protoLoader.loadSync('chainnode/api/v1/public_api.proto', {
  includeDirs: [path.join(repo, 'proto')],
  longs: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
});
const { PublicApiService } = grpc.loadPackageDefinition(definition).chainnode.api.v1;
const client = new PublicApiService(address, grpc.credentials.createInsecure());
const deadline = () => new Date(Date.now() + 20000);
const print = (value) => console.log(JSON.stringify(value));
const hex = (buffer) => Buffer.from(buffer).toString('hex');
const decodeTx = (base64) => { const bytes = Buffer.from(base64, 'base64'); return { raw: bytes }; };
const unary = (method, request) => new Promise((resolve) => {
  client[method](request, { deadline: deadline() }, (error, response) => resolve({ error, response }));
});

// A SignedTx is two length-delimited fields; split the bytes the C# test produced.
function parseSignedTx(bytes) {
  const fields = {};
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at++];
    let length = 0, shift = 0, b;
    do { b = bytes[at++]; length |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    fields[tag >> 3] = bytes.subarray(at, at + length);
    at += length;
  }
  return { body: fields[1] ?? Buffer.alloc(0), signature: fields[2] ?? Buffer.alloc(0) };
}

const status = await unary('GetStatus', {});
if (status.error) { print({ step: 'status', code: status.error.code, details: status.error.details }); process.exit(1); }
print({ step: 'status', chainId: status.response.chainId, height: status.response.height });

const validators = await unary('GetValidators', { height: 0 });
const members = await unary('GetMembers', {});
print(validators.error || members.error
  ? { step: 'governance', code: (validators.error ?? members.error).code, details: (validators.error ?? members.error).details }
  : { step: 'governance', startHeight: validators.response.epoch.startHeight, names: validators.response.epoch.validators.map((v) => v.name),
      members: members.response.members.length, admins: members.response.admins.length });

const wanted = Number(blockCount);
const blocks = [];
// From the next height explicitly: the tx below may commit before the stream is registered.
const stream = client.SubscribeBlocks({ fromHeight: Number(status.response.height) + 1 }, { deadline: deadline() });
const streamDone = new Promise((resolve) => {
  stream.on('data', (event) => {
    blocks.push({ height: event.height, txHashes: event.txHashes.map(hex), signers: event.certificate.signatures.length });
    if (blocks.length >= wanted && blocks.some((b) => b.txHashes.length > 0)) { stream.cancel(); resolve(); }
  });
  stream.on('error', (error) => { if (error.code !== grpc.status.CANCELLED) print({ step: 'stream', code: error.code, details: error.details }); resolve(); });
  stream.on('end', resolve);
});

const submitted = await unary('SubmitTx', { tx: parseSignedTx(decodeTx(signedTx).raw) });
print(submitted.error
  ? { step: 'submit', code: submitted.error.code, details: submitted.error.details }
  : { step: 'submit', txHash: hex(submitted.response.txHash), status: submitted.response.status });

const refused = await unary('SubmitTx', { tx: parseSignedTx(decodeTx(badTx).raw) });
print(refused.error ? { step: 'refused', code: refused.error.code, details: refused.error.details } : { step: 'refused', unexpected: 'accepted' });

await streamDone;
print({ step: 'blocks', blocks });
client.close();
