namespace Kosmo.Data.Download;

/// <summary>
/// What the downloaders share: one polite <see cref="HttpFetcher"/> (one connection, a pause between requests, retries
/// with backoff) and the progress sink it reports to. Disposing disposes the fetcher (and its own HTTP client).
/// </summary>
public abstract class HttpDownloader : IDisposable
{
    /// <summary>Creates the fetcher.</summary>
    /// <param name="settings">Delays and retries.</param>
    /// <param name="progress">Where progress goes (null: nowhere).</param>
    /// <param name="client">An HTTP client to use instead of the downloader's own.</param>
    private protected HttpDownloader(DownloadSettings settings, IDownloadProgress progress, HttpClient? client)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Progress = progress ?? NullDownloadProgress.Instance;
        Fetcher = new HttpFetcher(settings, Progress, client);
    }

    /// <summary>Where progress goes.</summary>
    private protected IDownloadProgress Progress { get; }

    /// <summary>The fetcher every request goes through.</summary>
    private protected HttpFetcher Fetcher { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Fetcher.Dispose();
        GC.SuppressFinalize(this);
    }
}
