namespace Kosmo.Reports;

/// <summary>What <see cref="HtmlReport.Write"/> produced.</summary>
/// <param name="OutputPath">Full path of the written HTML file.</param>
/// <param name="Problems">One line per run-folder file that was present but malformed (file, line, column, problem); its section was skipped.</param>
/// <param name="Bytes">Size of the written file in bytes.</param>
public sealed record ReportResult(string OutputPath, IReadOnlyList<string> Problems, long Bytes);
