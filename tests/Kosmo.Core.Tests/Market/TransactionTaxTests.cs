using Kosmo.Core;

namespace Kosmo.Core.Tests.MarketRules;

public class TransactionTaxTests
{
    [Theory]
    [InlineData(2019, 5, 29, 0.0030)]
    [InlineData(2019, 5, 30, 0.0025)]
    [InlineData(2020, 12, 31, 0.0025)]
    [InlineData(2021, 1, 1, 0.0023)]
    [InlineData(2022, 12, 31, 0.0023)]
    [InlineData(2023, 1, 1, 0.0020)]
    [InlineData(2024, 1, 1, 0.0018)]
    [InlineData(2024, 12, 31, 0.0018)]
    [InlineData(2025, 1, 1, 0.0015)]
    [InlineData(2026, 1, 1, 0.0020)]
    public void SellRate_Should_FollowTheSchedule_When_SettlementDateCrossesABoundary(int y, int m, int d, double rate)
    {
        var date = new DateOnly(y, m, d);
        TransactionTax.SellRate(Kosmo.Core.Market.Kospi, date).Should().BeApproximately(rate, 1e-12);
        TransactionTax.SellRate(Kosmo.Core.Market.Kosdaq, date).Should().BeApproximately(rate, 1e-12);
    }

    [Fact]
    public void SecuritiesTaxPart_Should_ExcludeTheRuralTax_When_MarketIsKospi()
    {
        // 2025: KOSPI 0.00% securities tax + 0.15% rural; KOSDAQ 0.15% securities tax
        var date = new DateOnly(2025, 6, 2);
        TransactionTax.SecuritiesTaxPart(Kosmo.Core.Market.Kospi, date).Should().BeApproximately(0.0, 1e-12);
        TransactionTax.SecuritiesTaxPart(Kosmo.Core.Market.Kosdaq, date).Should().BeApproximately(0.0015, 1e-12);
        TransactionTax.SecuritiesTaxPart(Kosmo.Core.Market.Kospi, new DateOnly(2018, 1, 2)).Should().BeApproximately(0.0015, 1e-12);
    }

    [Fact]
    public void SellRate_Should_Be10Basis_When_KonexAfter20190530()
    {
        TransactionTax.SellRate(Kosmo.Core.Market.Konex, new DateOnly(2024, 1, 2)).Should().BeApproximately(0.0010, 1e-12);
        TransactionTax.SellRate(Kosmo.Core.Market.Konex, new DateOnly(2019, 5, 29)).Should().BeApproximately(0.0030, 1e-12);
    }

    [Fact]
    public void SettlementDate_Should_BeTwoTradingDaysLater_When_CalendarAllows()
    {
        // Given a calendar with a holiday gap: trade on 2024-12-27 (Fri) settles 2024-12-31 per the calendar
        var cal = new[] { new DateOnly(2024, 12, 26), new DateOnly(2024, 12, 27), new DateOnly(2024, 12, 30), new DateOnly(2025, 1, 2) };

        // When / Then: the tax year follows the settlement date (2025-01-02 → 0.15%)
        var settle = TransactionTax.SettlementDate(cal, 1);
        settle.Should().Be(new DateOnly(2025, 1, 2));
        TransactionTax.SellRate(Kosmo.Core.Market.Kosdaq, settle).Should().BeApproximately(0.0015, 1e-12);
        TransactionTax.SettlementDate(cal, 3).Should().Be(new DateOnly(2025, 1, 6));
    }
}
