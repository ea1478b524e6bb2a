using System.IO.Compression;
using System.Text;
using Kosmo.Data.Synthetic;

namespace Kosmo.Data.Tests.Download;

/// <summary>
/// Builds marcap-format year files at test time from the one synthetic market: the synthetic CSV is split by year
/// and written without its trailing <c>Synthetic</c> column, so the importer files the rows under 'marcap' as it
/// does FinanceData/marcap's own csv.gz years. Also a few bytes of fake parquet (PAR1 magic at both ends).
/// </summary>
public static class MarcapFixtures
{
    private static readonly object _gate = new();
    private static readonly Dictionary<(int, int, int), Dictionary<int, (byte[] Gz, int Rows)>> _cache = [];

    /// <summary>One gzip-compressed marcap CSV per calendar year (the synthetic market starts 2014-01-02), with its row count.</summary>
    public static Dictionary<int, (byte[] Gz, int Rows)> CsvGzYears(int seed = 7, int stocks = 12, int years = 2)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue((seed, stocks, years), out var cached))
            {
                return cached;
            }

            var tmp = Path.Combine(Path.GetTempPath(), "kosmo-marcap-fixture-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                MarcapCsvWriter.Write(tmp, SyntheticMarket.Generate(new SyntheticOptions { Seed = seed, Stocks = stocks, Years = years }));
                var lines = File.ReadAllLines(tmp);
                var header = lines[0][..lines[0].LastIndexOf(',')];
                var result = lines.Skip(1)
                    .GroupBy(l => int.Parse(l.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture))
                    .ToDictionary(g => g.Key, g => (Gzip(header, g.Select(l => l[..l.LastIndexOf(',')]).ToList()), g.Count()));
                _cache[(seed, stocks, years)] = result;
                return result;
            }
            finally
            {
                File.Delete(tmp);
            }
        }
    }

    /// <summary>A gzip-compressed CSV of <paramref name="header"/> and <paramref name="rows"/>.</summary>
    public static byte[] Gzip(string header, IReadOnlyList<string> rows)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var w = new StreamWriter(gz, new UTF8Encoding(false)))
        {
            w.NewLine = "\n";
            w.WriteLine(header);
            foreach (var row in rows)
            {
                w.WriteLine(row);
            }
        }

        return memory.ToArray();
    }

    /// <summary><paramref name="size"/> bytes that pass the downloader's parquet check (PAR1 at both ends).</summary>
    public static byte[] FakeParquet(int size = 4096)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        "PAR1"u8.CopyTo(bytes);
        "PAR1"u8.CopyTo(bytes.AsSpan(size - 4));
        return bytes;
    }
}
