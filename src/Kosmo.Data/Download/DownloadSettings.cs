namespace Kosmo.Data.Download;

/// <summary>
/// How politely and how persistently files and API pages are fetched: one connection at a time, a pause between
/// requests, and retries with exponential backoff on 5xx, 408, 429, timeouts and dropped connections (a 429's
/// <c>Retry-After</c> is honoured, capped at <see cref="MaxRetryAfter"/>). Tests shrink every delay.
/// </summary>
public sealed record DownloadSettings
{
    /// <summary>The pause between the end of one request and the start of the next (default 1 s).</summary>
    public TimeSpan RequestDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries after the first try of a request (default 5, so 6 tries in all).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first backoff delay; it doubles with every retry (default 2 s: 2, 4, 8, 16, 32 s).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest backoff delay (default 2 min).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest <c>Retry-After</c> wait honoured; a longer one is cut to this (default 5 min).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A request whose headers or next body bytes take longer than this is a timeout (default 60 s).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The User-Agent header sent.</summary>
    public string UserAgent { get; init; } = "kosmo-download/1.0 (+https://github.com/FinanceData/marcap)";
}
