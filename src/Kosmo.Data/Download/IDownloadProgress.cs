namespace Kosmo.Data.Download;

/// <summary>
/// Receives what a download is doing, file by file (keyed by the file name), for a progress bar or plain lines.
/// Calls come from one task at a time (downloads are sequential).
/// </summary>
public interface IDownloadProgress
{
    /// <summary>A transfer of <paramref name="file"/> starts.</summary>
    /// <param name="file">The file name (e.g. <c>marcap-2020.parquet</c>).</param>
    /// <param name="totalBytes">The full size when the server said it, else null.</param>
    /// <param name="resumedFrom">Bytes already on disk from an earlier, interrupted transfer (0 for a fresh one).</param>
    void Begin(string file, long? totalBytes, long resumedFrom);

    /// <summary>The file now has <paramref name="bytes"/> bytes on disk.</summary>
    void Advance(string file, long bytes);

    /// <summary>The transfer of <paramref name="file"/> ended; <paramref name="outcome"/> says how, in words.</summary>
    void End(string file, string outcome);

    /// <summary>A line for the user (a retry, a skipped holiday, an unchanged file).</summary>
    void Note(string message);
}
