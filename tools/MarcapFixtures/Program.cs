using System.Globalization;
using Kosmo.Data.Marcap;
using Kosmo.Data.Synthetic;

// Regenerates the marcap-format fixtures under tests/fixtures/marcap (see tools/make_marcap_fixtures.sh):
//   mirror/      a three-year synthetic marcap market (delistings, 5:1 splits, two KOSDAQ -> KOSPI moves) as FinanceData/marcap
//                publishes it: marcap-2014.parquet, marcap-2015.parquet, marcap-2016.csv.gz (a year without parquet)
//   real/        slices of the shared real marcap rows in each layout: legacy CSV (2021 rows), 2021-2025 CSV with integer
//                numbers and 'nan' Dept, 2026 CSV (ChagesRatio empty, ChangesRatio filled), parquet (timestamp Date, int64)
//                and parquet (text Date, double numbers, an unknown extra column)
// Usage: MarcapFixtures OUT_DIR [KRX_DIR]        (KRX_DIR: ../shared/data/krx; the real slices are skipped without it)
//        MarcapFixtures --bench FILE.parquet [STOCKS] [YEARS]   (a large synthetic marcap parquet for the import benchmark)
if (args.Length >= 2 && args[0] == "--bench")
{
    var stocks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
    var years = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
    var bench = SyntheticMarket.Generate(new SyntheticOptions { Seed = 11, Stocks = stocks, Years = years });
    var benchRows = MarcapRows.FromSynthetic(bench, moveToKospi: 5);
    MarcapFixtureWriter.WriteParquet(args[1], benchRows);
    Console.WriteLine($"wrote {benchRows.Count} rows to {args[1]}");
    return 0;
}

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: MarcapFixtures OUT_DIR [KRX_DIR] | --bench FILE.parquet [STOCKS] [YEARS]");
    return 2;
}

var outDir = args[0];
var krx = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "krx");

// The first seed from 7 whose small market has a 5:1 split and a delisting (splits are drawn for 3 % of stocks).
SyntheticMarket market;
for (var seed = 7; ; seed++)
{
    market = SyntheticMarket.Generate(new SyntheticOptions { Seed = seed, Stocks = 16, Years = 3 });
    var byCode = market.Bars.GroupBy(b => b.Code).ToList();
    var split = byCode.Any(g => g.Max(b => b.Shares) >= 4.9 * g.Min(b => b.Shares));
    var delisted = byCode.Any(g => g.Max(b => b.Date) < market.Calendar[^1]);
    if (split && delisted)
    {
        Console.WriteLine($"synthetic seed {seed}: a split and a delisting");
        break;
    }
}

var rows = MarcapRows.FromSynthetic(market, moveToKospi: 2);
var mirror = Path.Combine(outDir, "mirror");
foreach (var year in rows.GroupBy(r => r.Date.Year).OrderBy(g => g.Key))
{
    var last = year.Key == rows[^1].Date.Year;
    var path = Path.Combine(mirror, $"marcap-{year.Key}" + (last ? ".csv.gz" : ".parquet"));
    if (last)
    {
        MarcapFixtureWriter.WriteCsv(path, year);
    }
    else
    {
        MarcapFixtureWriter.WriteParquet(path, year.ToArray());
    }

    Console.WriteLine($"wrote {year.Count()} rows to {path}");
}

var source = Path.Combine(krx, "marcap_janfeb_2021-2025.csv.gz");
if (!File.Exists(source))
{
    Console.Error.WriteLine($"no {source}: real slices not written");
    return 0;
}

// Every 25th code (by code order of the first day) on the first six trading days of a year: about 100 codes a day.
var all = MarcapRows.ReadCsv(source, r => r.Date.Day <= 12 && r.Date.Month == 1);
var codes = all.Select(r => r.Code).Distinct().Order(StringComparer.Ordinal).Where((_, i) => i % 25 == 0).ToHashSet(StringComparer.Ordinal);
IReadOnlyList<MarcapRow> Slice(int year) => all.Where(r => r.Date.Year == year && codes.Contains(r.Code)).OrderBy(r => r.Date).ThenBy(r => r.Code, StringComparer.Ordinal).ToArray();
var real = Path.Combine(outDir, "real");
void Csv(string name, int year, MarcapFixtureOptions o)
{
    var slice = Slice(year);
    MarcapFixtureWriter.WriteCsv(Path.Combine(real, name), slice, o);
    Console.WriteLine($"wrote {slice.Count} rows to {Path.Combine(real, name)}");
}

void Parquet(string name, int year, MarcapFixtureOptions o)
{
    var slice = Slice(year);
    MarcapFixtureWriter.WriteParquet(Path.Combine(real, name), slice, o);
    Console.WriteLine($"wrote {slice.Count} rows to {Path.Combine(real, name)}");
}

Csv("legacy-2021.csv.gz", 2021, new MarcapFixtureOptions { Schema = MarcapSchema.Legacy });
Csv("current-2022-int-nan.csv.gz", 2022, new MarcapFixtureOptions { FloatNumbers = false, NanDept = true });
Csv("y2026-shape-2025.csv.gz", 2025, new MarcapFixtureOptions { Schema = MarcapSchema.Y2026 });
Parquet("current-2023.parquet", 2023, new MarcapFixtureOptions());
Parquet("text-date-double-2024.parquet", 2024, new MarcapFixtureOptions { DateAsText = true, DoubleNumbers = true, ExtraColumns = ["Sector"], RowGroupRows = 200 });
return 0;
