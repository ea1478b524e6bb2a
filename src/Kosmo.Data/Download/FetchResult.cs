namespace Kosmo.Data.Download;

/// <summary>The outcome of one file request.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Url">The URL asked for.</param>
/// <param name="Path">The local file (final name); it exists for <see cref="FetchStatus.Downloaded"/>, <see cref="FetchStatus.NotModified"/> and <see cref="FetchStatus.Skipped"/>.</param>
/// <param name="Bytes">Bytes transferred in this call (resumed bytes excluded).</param>
/// <param name="Seconds">Wall time of the transfer.</param>
public sealed record FetchResult(FetchStatus Status, Uri Url, string Path, long Bytes, double Seconds);
