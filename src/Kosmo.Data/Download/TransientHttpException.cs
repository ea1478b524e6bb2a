namespace Kosmo.Data.Download;

/// <summary>A response worth retrying (5xx, 408, 429, 416 after a discarded partial file); carries Retry-After.</summary>
internal sealed class TransientHttpException : Exception
{
    public TransientHttpException(int status, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Status = status;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
