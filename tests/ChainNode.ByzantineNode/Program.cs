using ChainNode.ByzantineNode;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Configuration;
using ChainNode.Node.Consensus;
using ChainNode.Node.Home;
using ChainNode.Node.Hosting;

// byzantine-node run --home DIR: runs the real validator, but misbehaves as DIR/byzantine.txt
// says (equivocate, bad-signatures, replay, flood or censor). Test-only; see the project file.
if (args.Length != 3 || args[0] != "run" || args[1] != "--home")
{
    Console.Error.WriteLine("usage: byzantine-node run --home DIR   (DIR/byzantine.txt names the misbehaviour)");
    return 2;
}
var home = new NodeHome(args[2]);
var kind = File.ReadAllText(Path.Combine(home.Path, "byzantine.txt")).Trim();
var genesis = GenesisLoader.LoadFile(home.GenesisFile);
var config = NodeConfigFile.Load(home.ConfigFile);
var key = KeyFile.Read(home.Resolve(config.ValidatorKeyFile));
var self = genesis.Validators.Validators.First(v => v.PublicKey.Equals(key.PublicKey)).Index;
var misbehaviour = new Misbehaviour(kind, self, genesis.Validators.Count, new SecpMessageAuthenticator(key, genesis.Validators), GenesisBlock.Create(genesis).Block.Hash, Environment.TickCount);
Console.WriteLine($"byzantine-node: validator {self} will {kind}");
using var stop = new CancellationTokenSource();
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await ValidatorNode.RunAsync(home, stop.Token, new NodeHooks { TamperOutbound = misbehaviour.Apply, FilterProposal = misbehaviour.FilterProposal });
