namespace Kosmo.Data.Tests.Download;

/// <summary>A request the fixture server saw, with the headers the tests check.</summary>
/// <param name="Path">The path and query (e.g. <c>/data/marcap-2014.csv.gz</c>).</param>
/// <param name="Range">The Range header, or null.</param>
/// <param name="IfNoneMatch">The If-None-Match header, or null.</param>
/// <param name="IfModifiedSince">The If-Modified-Since header, or null.</param>
/// <param name="AuthKey">The AUTH_KEY header, or null.</param>
/// <param name="Status">The status answered (0 when the connection was dropped).</param>
/// <param name="At">When it arrived.</param>
public sealed record RecordedRequest(string Path, string? Range, string? IfNoneMatch, string? IfModifiedSince, string? AuthKey, int Status, DateTime At);
