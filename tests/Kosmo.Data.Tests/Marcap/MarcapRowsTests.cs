using Kosmo.Data.Marcap;
using Kosmo.Data.Synthetic;

namespace Kosmo.Data.Tests.Marcap;

/// <summary>The synthetic market as marcap rows.</summary>
public sealed class MarcapRowsTests
{
    [Fact]
    public void FromSynthetic_Should_MoveKosdaqStocksToKospiHalfway_When_MovesAreAsked()
    {
        // Given a synthetic market
        var market = SyntheticMarket.Generate(new SyntheticOptions { Seed = 7, Stocks = 16, Years = 3 });

        // When it is turned into marcap rows with two market moves
        var rows = MarcapRows.FromSynthetic(market, moveToKospi: 2);

        // Then two codes trade on KOSDAQ first and on KOSPI from the middle day on
        var moved = rows.GroupBy(r => r.Code).Where(g => g.Any(r => r.Market == "KOSDAQ") && g.Any(r => r.Market == "KOSPI")).ToList();
        moved.Should().HaveCount(2);
        foreach (var g in moved)
        {
            var firstKospi = g.Where(r => r.Market == "KOSPI").Min(r => r.Date);
            g.Where(r => r.Date < firstKospi).Should().OnlyContain(r => r.Market == "KOSDAQ" && r.MarketId == "KSQ");
            g.Where(r => r.Date >= firstKospi).Should().OnlyContain(r => r.Market == "KOSPI" && r.MarketId == "STK");
        }

        rows.Should().HaveCount(market.Bars.Count);
        rows.Should().BeInAscendingOrder(r => r.Date);
    }
}
