using System.Collections.Concurrent;
using Kosmo.Data.Download;

namespace Kosmo.Data.Tests.Download;

/// <summary>An <see cref="IDownloadProgress"/> that keeps every note and transfer outcome.</summary>
public sealed class RecordingProgress : IDownloadProgress
{
    private readonly ConcurrentQueue<string> _notes = new();

    /// <summary>Notes and "file: outcome" lines, in order.</summary>
    public IReadOnlyList<string> Notes => [.. _notes];

    public void Begin(string file, long? totalBytes, long resumedFrom)
    {
    }

    public void Advance(string file, long bytes)
    {
    }

    public void End(string file, string outcome) => _notes.Enqueue($"{file}: {outcome}");

    public void Note(string message) => _notes.Enqueue(message);
}
