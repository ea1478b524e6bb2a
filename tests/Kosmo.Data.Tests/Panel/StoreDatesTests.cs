using System.Text;
using Kosmo.Data.Panel;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Panel;

/// <summary>
/// <see cref="StoreDates.FirstPricedDates"/> is the base of <c>years_listed</c> for a short prediction window; it must be
/// the first bar the run's full panel sees, or a live prediction's listing age differs from the run's.
/// </summary>
public sealed class StoreDatesTests
{
    [Fact]
    public void FirstPricedDates_Should_MatchThePanelsFirstBar_When_ACodeHasHolidayPlaceholderRowsBeforeItsFirstTrade()
    {
        // Given a Yahoo-layout file of 12 codes: on the holiday 2000-03-01 every code has a zero-volume row (placeholders),
        // and code 000010 has no other row before 2000-03-06 (the real data has such codes: 045100, 016670)
        using var db = new TempStore();
        var csv = new StringBuilder("Code,Market,Date,Open,High,Low,Close,AdjClose,Volume\n");
        for (var i = 0; i < 12; i++)
        {
            var code = $"{i + 1:D5}0";
            if (i > 0)
            {
                csv.Append($"{code},KOSDAQ,2000-02-29,100,110,90,100,100,500\n");
            }

            csv.Append($"{code},KOSDAQ,2000-03-01,100,100,100,100,100,0\n");
            csv.Append($"{code},KOSDAQ,2000-03-02,100,110,90,105,105,{(i == 0 ? 0 : 700)}\n");
            csv.Append($"{code},KOSDAQ,2000-03-06,100,110,90,106,106,800\n");
        }

        var file = Path.Combine(db.Dir, "yahoo_small.csv");
        File.WriteAllText(file, csv.ToString());
        db.Store.Import(file);

        // When the first priced dates are read and the panel is loaded from the same start
        var from = new DateOnly(2000, 1, 1);
        var first = StoreDates.FirstPricedDates(db.DbPath, from);
        var panel = new PanelLoader(db.DbPath).Load(new PanelLoadOptions { From = from }).Panel;

        // Then every code's first priced date is its first bar with a positive close in the panel (the placeholder is not one)
        for (var i = 0; i < panel.CodeCount; i++)
        {
            var close = panel.Series(Kosmo.Core.PanelField.Close, i).ToArray();
            var t = Enumerable.Range(0, panel.DateCount).First(k => float.IsFinite(close[k]) && close[k] > 0);
            first[panel.Codes[i]].Should().Be(panel.Dates[t], panel.Codes[i]);
        }

        first["000010"].Should().Be(new DateOnly(2000, 3, 2), "000010's first non-placeholder row (a halt with a close) is 2000-03-02");
    }
}
