namespace Kosmo.Data.Download;

/// <summary>
/// What the download manifest remembers about one fetched file: where it came from and the server's validators,
/// so that the next call can ask "changed since?" (<c>If-None-Match</c> / <c>If-Modified-Since</c>).
/// </summary>
public sealed record ManifestEntry
{
    /// <summary>The URL the file was fetched from.</summary>
    public required string Url { get; init; }

    /// <summary>The server's ETag, or null when it sent none.</summary>
    public string? ETag { get; init; }

    /// <summary>The server's Last-Modified (RFC 1123 text as sent), or null.</summary>
    public string? LastModified { get; init; }

    /// <summary>The file's size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>When the file was fetched or last confirmed unchanged (UTC, ISO 8601).</summary>
    public string? CheckedUtc { get; init; }

    /// <summary>True when the server gave a validator the next call can send.</summary>
    public bool HasValidator => ETag is not null || LastModified is not null;
}
