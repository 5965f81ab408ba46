using ChainNode.LoadGenerator;
using ChainNode.Node.Commands;
using ChainNode.Node.Hosting;

// The thread-pool cap chainnode applies: this program shares the cores with the validators it loads.
ThreadPoolCap.Apply();
return CommandRunner.Invoke(BenchCommand.Create(), args);
