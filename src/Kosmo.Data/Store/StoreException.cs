namespace Kosmo.Data.Store;

/// <summary>
/// A database that cannot be used as asked: a folder, a corrupt file, a newer schema, or a read-only file for a write.
/// The message is one line naming the path and what to do.
/// </summary>
public sealed class StoreException(string path, StoreProblem problem, string message, Exception? inner = null)
    : InvalidOperationException($"{path}: {message}", inner)
{
    /// <summary>The database path.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong.</summary>
    public StoreProblem Problem { get; } = problem;
}
