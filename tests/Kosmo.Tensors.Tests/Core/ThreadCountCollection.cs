namespace Kosmo.Tensors.Tests.Core;

/// <summary>
/// Tests that need <see cref="TensorThreads.Count"/> to stay at the value they set (a global) run alone, not beside
/// tests that change it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "thread count";
}
