using Kosmo.Core;
using Kosmo.Data.Universe;

namespace Kosmo.Data.Tests.Universe;

public sealed class UniverseCsvTests
{
    [Fact]
    public void WriteCounts_Should_WriteOneRowPerDateWithCountsPerRule()
    {
        // Given 3 stocks over 6 days: one KONEX, one SPAC, one member from day 4 (history 5)
        var panel = TestPanels.Make(6, ("100000", "가", Market.Kosdaq, "", 50e9), ("200000", "나", Market.Konex, "", 50e9), ("300000", "다스팩", Market.Kosdaq, "", 50e9));
        var u = UniverseBuilder.Build(panel, new UniverseRules { MinHistoryDays = 5, LiquidityWindow = 5, MinLiquidityObservations = 3 });
        using var writer = new StringWriter();

        // When writing the counts of the last two days
        UniverseCsv.WriteCounts(u, writer, fromT: 3, toT: 5);

        // Then the header lists every rule after members, and the counts add up to 3 codes
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("date,size_basis,members,NotListed,Market,Spac,Preferred,Fund,Flagged,Halted,ShortHistory,Illiquid,LowPrice,SizeUnknown,BelowMinMarketCap,AboveSmallCapBand,NotAStock");
        lines[1].Should().Be("2024-01-05,None,0,0,1,1,0,0,0,0,1,0,0,0,0,0,0");
        lines[2].Should().Be("2024-01-06,MarketCap,1,0,1,1,0,0,0,0,0,0,0,0,0,0,0");
        lines.Should().HaveCount(4);
    }

    [Fact]
    public void WriteMembers_Should_ListListedCodesWithReason()
    {
        var panel = TestPanels.Make(6, ("100000", "가", Market.Kosdaq, "", 50e9), ("200000", "나", Market.Konex, "", 50e9));
        var u = UniverseBuilder.Build(panel, new UniverseRules { MinHistoryDays = 5, LiquidityWindow = 5, MinLiquidityObservations = 3 });
        using var writer = new StringWriter();

        UniverseCsv.WriteMembers(u, 5, writer);

        writer.ToString().Should().Be("date,code,member,reason\n2024-01-07,100000,1,None\n2024-01-07,200000,0,Market\n");
    }
}
