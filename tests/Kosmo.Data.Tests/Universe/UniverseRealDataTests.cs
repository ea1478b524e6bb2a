using System.Globalization;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Tests.Panel;
using Kosmo.Data.Universe;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Universe;

/// <summary>
/// The universe on the real 2024 marcap window (all 2,800 codes, 29 days; tests/fixtures/universe, written by
/// tools/make_universe_fixture.py, which also computes the expected counts independently in pandas).
/// </summary>
public sealed class UniverseRealDataTests
{
    private static readonly Lazy<(Kosmo.Core.Panel Panel, UniverseResult Universe)> _built = new(Build);

    private static (Kosmo.Core.Panel, UniverseResult) Build()
    {
        using var db = new TestDb().AddMarcapCsv(TestData.Fixture("universe", "marcap_2024.csv.gz"));
        var panel = new PanelLoader(db.Path).Load().Panel;
        return (panel, UniverseBuilder.Build(panel, new UniverseRules { MinHistoryDays = 20 }));
    }

    [Fact]
    public void Build_Should_MatchPandasCountsPerRule_When_RunOnRealMarcapWindow()
    {
        // Given the real window loaded through the panel loader, and MinHistoryDays = 20 (the window has 29 days)
        var (panel, u) = _built.Value;
        var expected = File.ReadAllLines(TestData.Fixture("universe", "expected_counts.csv")).Skip(1).Select(l => l.Split(','));

        // When comparing the per-date, per-rule counts of the last 10 dates with the independent pandas computation
        var compared = 0;
        foreach (var row in expected)
        {
            var t = panel.IndexOfDate(DateOnly.Parse(row[0], CultureInfo.InvariantCulture));
            var reason = Enum.Parse<ExclusionReason>(row[1]);

            // Then every count agrees
            u.ExcludedCount(t, reason).Should().Be(int.Parse(row[2], CultureInfo.InvariantCulture), $"{row[0]} {reason}");
            compared++;
        }

        // (the pandas fixture predates NotAStock: a marcap file holds no index pseudo-codes, so that count is 0 on every date)
        compared.Should().Be(10 * (UniverseResult.ReasonCount - 1));
        Enumerable.Range(0, panel.DateCount).Should().OnlyContain(t => u.ExcludedCount(t, ExclusionReason.NotAStock) == 0);
        var last = panel.DateCount - 1;
        u.MembersAt(last).Should().Equal(File.ReadAllLines(TestData.Fixture("universe", "expected_members_2024-02-13.csv")).Skip(1));
    }

    [Fact]
    public void Build_Should_GiveSensibleRealCounts_When_RunOnRealMarcapWindow()
    {
        var (panel, u) = _built.Value;
        var last = panel.DateCount - 1;

        // Then: no KONEX code is ever a member, SPACs and 관리종목 are excluded, and several hundred small caps remain
        for (var i = 0; i < panel.CodeCount; i++)
        {
            if (panel.Stocks[i].Market == Market.Konex || panel.Stocks[i].Name.Contains("스팩", StringComparison.Ordinal))
            {
                Enumerable.Range(0, panel.DateCount).Should().NotContain(t => u.IsMember(i, t), panel.Codes[i]);
            }

            Enumerable.Range(0, panel.DateCount).Should().NotContain(t => u.IsMember(i, t) && (panel.Flags[i * panel.DateCount + t] & BarFlags.Administrative) != 0);
        }

        u.ExcludedCount(last, ExclusionReason.Market).Should().BeGreaterThan(100, "about 130 KONEX codes are listed");
        u.ExcludedCount(last, ExclusionReason.Spac).Should().BeInRange(50, 150);
        u.ExcludedCount(last, ExclusionReason.Flagged).Should().BeGreaterThan(30);
        u.MemberCount(last).Should().BeInRange(400, 1000);
        u.SizeBasis[last].Should().Be(SizeBasis.MarketCap);
        u.MembersAt(last).Should().NotContain("005930", "Samsung Electronics is not a small cap");
    }
}
