using Kosmo.Core;
using Kosmo.Data.Store;
using Kosmo.Data.Synthetic;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Synthetic;

public sealed class SyntheticRoundTripTests
{
    [Fact]
    public void Import_Should_GiveBackTheGeneratedRows_When_SyntheticMarcapCsvIsWrittenAndImported()
    {
        // Given a small synthetic market written as marcap CSV.gz
        using var db = new TempStore();
        var m = SyntheticMarket.Generate(new SyntheticOptions { Stocks = 40, Years = 1, Seed = 3 });
        var file = Path.Combine(db.Dir, "synth.csv.gz");
        MarcapCsvWriter.Write(file, m);

        // When it is imported
        var s = db.Store.Import(file);

        // Then it lands under the 'synthetic' source with every row, value and flag unchanged
        s.Source.Should().Be("synthetic");
        s.Rows.Should().Be(m.Bars.Count);
        var stored = new Dictionary<(string, int), DailyBar>();
        using (var cmd = db.Store.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT code,date,open,high,low,close,volume,amount,marcap,shares,change_ratio,flags FROM bars";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                double D(int i) => r.IsDBNull(i) ? double.NaN : r.GetDouble(i);
                stored[(r.GetString(0), r.GetInt32(1))] = new DailyBar
                {
                    Code = r.GetString(0), Date = KosmoSchema.FromKey(r.GetInt32(1)), Open = D(2), High = D(3), Low = D(4), Close = D(5), AdjClose = double.NaN,
                    Volume = D(6), Amount = D(7), MarketCap = D(8), Shares = D(9), ChangeRatio = D(10), Flags = (BarFlags)r.GetInt32(11),
                };
            }
        }

        foreach (var b in m.Bars)
        {
            stored[(b.Code, KosmoSchema.ToKey(b.Date))].Should().Be(b);
        }

        db.Scalar("SELECT COUNT(*) FROM stocks").Should().Be(m.Stocks.Count(x => x.FirstDate is not null));
        db.Value($"SELECT name FROM stocks WHERE code='{m.Stocks[0].Code}'").Should().Be(m.Stocks[0].Name);
    }
}
