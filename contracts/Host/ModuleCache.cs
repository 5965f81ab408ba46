using System.Collections.Concurrent;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Types;

namespace ChainNode.Contracts.Host;

/// <summary>
/// Parsed modules by code hash, so a contract's code is parsed once rather than on every call.
/// Code in state was verified at deploy. Results never depend on the cache. Thread-safe, bounded.
/// </summary>
public sealed class ModuleCache(VmLimits limits)
{
    private const int MaxEntries = 1024;
    private readonly ConcurrentDictionary<Hash32, Module> _modules = new();

    public Module Get(byte[] code)
    {
        var hash = Hash32.Compute(code);
        if (_modules.TryGetValue(hash, out var module))
            return module;
        module = Module.Parse(code, limits);
        if (_modules.Count >= MaxEntries)
            _modules.Clear();
        _modules[hash] = module;
        return module;
    }
}
