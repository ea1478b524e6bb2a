using System.Diagnostics;
using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>Parses and validates a file without writing anything (a dry run; also the parse-speed benchmark).</summary>
public static class ImportValidator
{
    /// <summary>Parses every row of <paramref name="path"/> with the importer's rules and returns what an import would report (no conflicts, no placeholders).</summary>
    /// <exception cref="DataValidationException">The file failed validation.</exception>
    public static ImportSummary Validate(string path)
    {
        var clock = Stopwatch.StartNew();
        var parser = new FileParser(path);
        parser.Parse(new NullSink());
        return parser.Summary(path, "", clock.Elapsed.TotalSeconds);
    }

    private sealed class NullSink : RowSink
    {
        private double _sum;

        public override void Bar(in ParsedBar bar) => _sum += bar.Close;

        public override void Index(string name, in ParsedIndexBar bar) => _sum += bar.Close;
    }
}
