namespace Kosmo.Models.Tests;

/// <summary>
/// Tests that set <see cref="Kosmo.Tensors.TensorThreads.Count"/> (a global) run alone, not beside tests that train
/// (a data-parallel trainer's replica count follows the thread count).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "thread count";
}
