namespace Kosmo.Data.Download;

/// <summary>An <see cref="IDownloadProgress"/> that shows nothing.</summary>
public sealed class NullDownloadProgress : IDownloadProgress
{
    /// <summary>The shared instance.</summary>
    public static NullDownloadProgress Instance { get; } = new();

    /// <inheritdoc />
    public void Begin(string file, long? totalBytes, long resumedFrom)
    {
    }

    /// <inheritdoc />
    public void Advance(string file, long bytes)
    {
    }

    /// <inheritdoc />
    public void End(string file, string outcome)
    {
    }

    /// <inheritdoc />
    public void Note(string message)
    {
    }
}
