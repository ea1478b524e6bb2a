using Kosmo.Core;

namespace Kosmo.Data.Synthetic;

/// <summary>Generator parameters of one synthetic stock (day indices into the calendar).</summary>
internal sealed class SyntheticStock
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required Market Market { get; init; }
    public required string Dept { get; init; }
    public required double StartPrice { get; init; }
    public required double Shares { get; init; }
    public required double Beta { get; init; }
    public required double IdioVol { get; init; }
    public required double Turnover { get; init; }
    public required int StartDay { get; init; }
    public required int EndDay { get; init; }
    public required int SplitDay { get; init; }
    public required int AdminFrom { get; init; }
    public int AdminTo { get; set; }

    /// <summary>A company's preferred share (same life span, no split, no admin spell).</summary>
    public SyntheticStock Derive(string code, string name, double price, double shares, double turnover) => new()
    {
        Code = code, Name = name, Market = Market, Dept = Dept, StartPrice = price, Shares = Math.Round(shares), Beta = Beta * 0.7,
        IdioVol = IdioVol * 0.8, Turnover = turnover, StartDay = StartDay, EndDay = EndDay, SplitDay = -1, AdminFrom = -1, AdminTo = -1,
    };
}
