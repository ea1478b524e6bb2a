using System.Text;
using Kosmo.Core;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Import;

public sealed class PlaceholderTests
{
    [Fact]
    public void Import_Should_FlagHolidayRowsAsPlaceholders_When_EveryStockHasZeroVolumeThatDay()
    {
        // Given a Yahoo-layout file of 12 codes: on 2000-03-01 (a holiday) all have volume 0; on 2000-03-02 one code is halted
        using var db = new TempStore();
        var csv = new StringBuilder("Code,Market,Date,Open,High,Low,Close,AdjClose,Volume\n");
        for (var i = 0; i < 12; i++)
        {
            var code = $"{i + 1:D5}0";
            csv.Append($"{code},KOSDAQ,2000-02-29,100,110,90,100,100,500\n");
            csv.Append($"{code},KOSDAQ,2000-03-01,100,100,100,100,100,0\n");
            csv.Append($"{code},KOSDAQ,2000-03-02,100,110,90,105,105,{(i == 0 ? 0 : 700)}\n");
        }

        var file = Path.Combine(db.Dir, "yahoo_small.csv");
        File.WriteAllText(file, csv.ToString());

        // When imported
        var s = db.Store.Import(file);

        // Then only the holiday's 12 rows are placeholders; the single halt is Halted, not a placeholder
        s.PlaceholderRows.Should().Be(12);
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE flags & {(int)BarFlags.Placeholder}").Should().Be(12);
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE date=20000301 AND flags & {(int)BarFlags.Placeholder}").Should().Be(12);
        db.Scalar($"SELECT flags & {(int)(BarFlags.Halted | BarFlags.Placeholder)} FROM bars WHERE date=20000302 AND code='000010'").Should().Be((int)BarFlags.Halted);
    }
}
