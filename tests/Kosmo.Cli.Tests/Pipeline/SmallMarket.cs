namespace Kosmo.Cli.Tests.Pipeline;

/// <summary>The small synthetic market and loose universe rules the pipeline tests share (60 stocks, 4 years).</summary>
internal static class SmallMarket
{
    /// <summary>The <c>data:</c> and <c>universe:</c> sections.</summary>
    public const string DataAndUniverse = """
        data:
          source: synthetic
          synthetic_stocks: 60
          synthetic_years: 4
        universe:
          min_market_cap_krw: 5_000_000_000
          small_cap_band: 1.0
          min_avg_value_krw: 100_000_000
        """;

    /// <summary>An experiment config: <paramref name="head"/> (name, seed, threads), the shared market, then <paramref name="rest"/>.</summary>
    public static string Yaml(string head, string rest) => head + "\n" + DataAndUniverse + "\n" + rest;
}
