namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>Runs the memory-probe tests with no other test in parallel (the kernel's peak-RSS mark is per process).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryProbeCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "memory probe";
}
