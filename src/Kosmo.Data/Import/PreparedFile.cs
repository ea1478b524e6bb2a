namespace Kosmo.Data.Import;

/// <summary>
/// One file handed from the <see cref="ImportPrefetcher"/> to the writer: its SHA-256 and, unless the driver found it
/// already imported, its parser and the pipeline the parse is running into; or the error that stopped the driver
/// before parsing (missing or unreadable file).
/// </summary>
internal sealed record PreparedFile(string Path, string Sha256, FileParser? Parser, ImportPipeline? Pipeline, Exception? Failure);
