using Kosmo.Core;

namespace Kosmo.Data.Synthetic;

/// <summary>Static make-up of the synthetic listing: codes, names, markets, sections, sizes, life spans.</summary>
internal sealed class SyntheticUniverse
{
    public static readonly string[] KosdaqTiers = ["우량기업부", "중견기업부", "벤처기업부", "기술성장기업부"];
    public const string AdminDept = "관리종목(소속부없음)";
    public const string SpacDept = "SPAC(소속부없음)";

    public required SyntheticStock[] Stocks { get; init; }

    public static SyntheticUniverse Create(SyntheticOptions o, int days, Random rng)
    {
        var list = new List<SyntheticStock>();
        for (var i = 0; i < o.Stocks; i++)
        {
            var kospi = rng.NextDouble() < 0.35;
            var logCap = (kospi ? 26.5 : 25.3) + 1.3 * Normal(rng); // ln KRW: e^25.3 ≈ 97 bn
            var price = Math.Exp(7.5 + 1.4 * Normal(rng));
            price = Math.Clamp(price, 500, 400_000);
            var start = rng.NextDouble() < 0.12 ? rng.Next(20, days / 2) : 0;
            var end = rng.NextDouble() < 0.08 ? rng.Next(Math.Max(start + 120, days / 2), days) : days;
            list.Add(new SyntheticStock
            {
                Code = ((i + 1) * 10).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
                Name = $"합성{i + 1:D3}",
                Market = kospi ? Market.Kospi : Market.Kosdaq,
                Dept = kospi ? "" : KosdaqTiers[rng.Next(KosdaqTiers.Length)],
                StartPrice = price,
                Shares = Math.Round(Math.Exp(logCap) / price),
                Beta = 0.6 + 0.8 * rng.NextDouble(),
                IdioVol = Math.Clamp(0.035 - 0.004 * (logCap - 25), 0.012, 0.06),
                Turnover = Math.Exp(-5.5 + 0.9 * Normal(rng) - 0.25 * (logCap - 25)),
                StartDay = start,
                EndDay = end,
                SplitDay = rng.NextDouble() < 0.03 ? rng.Next(start + 60, Math.Max(start + 61, end - 5)) : -1,
                AdminFrom = end < days ? Math.Max(start, end - 60) : rng.NextDouble() < 0.03 ? rng.Next(start, Math.Max(start + 1, end - 80)) : -1,
                AdminTo = -1,
            });
            var s = list[^1];
            if (s.AdminFrom >= 0)
            {
                s.AdminTo = end < days ? end : Math.Min(end, s.AdminFrom + 40 + rng.Next(80));
            }

            if (rng.NextDouble() < 0.05)
            {
                // Preferred share of this company: code ends in 5, name ends in 우, thinly traded.
                list.Add(s.Derive(s.Code[..5] + "5", s.Name + "우", s.StartPrice * 0.6, s.Shares * 0.1, s.Turnover * 0.2));
            }
        }

        for (var k = 0; k < Math.Max(2, o.Stocks / 30); k++)
        {
            // SPACs: 2,000 KRW shells on KOSDAQ, almost no volatility, listed from a random day.
            var start = rng.Next(0, days / 2);
            list.Add(new SyntheticStock
            {
                Code = (990000 + k * 10).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
                Name = $"합성스팩{k + 1}호",
                Market = Market.Kosdaq,
                Dept = SpacDept,
                StartPrice = 2000,
                Shares = 5_000_000,
                Beta = 0.05,
                IdioVol = 0.006,
                Turnover = 0.002,
                StartDay = start,
                EndDay = Math.Min(days, start + 500),
                SplitDay = -1,
                AdminFrom = -1,
                AdminTo = -1,
            });
        }

        return new SyntheticUniverse { Stocks = [.. list] };
    }

    /// <summary>Standard normal draw (Box-Muller).</summary>
    public static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Student-t draw with <paramref name="df"/> degrees of freedom, scaled to unit variance.</summary>
    public static double StudentT(Random rng, int df)
    {
        var chi = 0.0;
        for (var k = 0; k < df; k++)
        {
            var z = Normal(rng);
            chi += z * z;
        }

        return Normal(rng) / Math.Sqrt(chi / df) * Math.Sqrt((df - 2.0) / df);
    }
}
