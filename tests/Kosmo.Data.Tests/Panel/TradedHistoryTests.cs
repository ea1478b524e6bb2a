using System.Text;
using Kosmo.Data.Panel;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Panel;

/// <summary>
/// <see cref="TradedHistory.Start"/>: a prediction window must hold each recently traded stock's own traded days, so a
/// stock halted for months pulls the window's start back to before its halt.
/// </summary>
public sealed class TradedHistoryTests
{
    private static readonly DateOnly First = new(2001, 1, 1);

    private static DateOnly Day(int k) => First.AddDays(7 * k);

    [Fact]
    public void Start_Should_ReachBeforeAHalt_When_AStockHasTooFewTradedDaysInTheCalendarWindow()
    {
        // Given 12 codes over 40 weekly dates: 000010 trades on days 0-4, is halted (volume 0, close kept) on 5-29 and
        // trades again on 30-39; 000020 trades on days 0-4 only (gone long before the end); the rest trade every day
        using var db = new TempStore();
        var csv = new StringBuilder("Code,Market,Date,Open,High,Low,Close,AdjClose,Volume\n");
        for (var i = 0; i < 12; i++)
        {
            var name = $"{i + 1:D5}0";
            for (var k = 0; k < 40; k++)
            {
                if (i == 1 && k > 4)
                {
                    continue;
                }

                var volume = i == 0 && k is >= 5 and < 30 ? 0 : 500 + k;
                csv.Append($"{name},KOSDAQ,{Day(k):yyyy-MM-dd},100,110,90,100,100,{volume}\n");
            }
        }

        var file = Path.Combine(db.Dir, "yahoo_weekly.csv");
        File.WriteAllText(file, csv.ToString());
        db.Store.Import(file);

        // When a window ending on day 39 that starts on day 35 asks for 12 traded days per recent code
        var (start, code) = TradedHistory.Start(db.DbPath, Day(39), 12, Day(35), null);
        var (clamped, _) = TradedHistory.Start(db.DbPath, Day(39), 12, Day(35), Day(10));
        var (enough, none) = TradedHistory.Start(db.DbPath, Day(39), 3, Day(35), null);

        // Then it reaches back to 000010's 12th last traded day (day 3: days 30-39 and 4, 3), never before the floor,
        // and not at all when the calendar window already holds the days; 000020 (not recent) never counts
        (start, code).Should().Be((Day(3), "000010"));
        clamped.Should().Be(Day(10));
        (enough, none).Should().Be((Day(35), (string?)null));
    }
}
