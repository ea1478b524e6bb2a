using System.Globalization;
using Kosmo.Data.Download;

namespace Kosmo.Cli.Commands.Download;

/// <summary>Download progress as plain lines (output redirected to a file or pipe): one line per start, end and note.</summary>
internal sealed class PlainDownloadProgress(TextWriter output) : IDownloadProgress
{
    /// <inheritdoc />
    public void Begin(string file, long? totalBytes, long resumedFrom) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fetching {file}{(totalBytes is { } t ? $" ({t:N0} bytes)" : "")}{(resumedFrom > 0 ? $", resuming at byte {resumedFrom:N0}" : "")}"));

    /// <inheritdoc />
    public void Advance(string file, long bytes)
    {
    }

    /// <inheritdoc />
    public void End(string file, string outcome) => output.WriteLine($"  {file}: {outcome}");

    /// <inheritdoc />
    public void Note(string message) => output.WriteLine($"  {message}");
}
