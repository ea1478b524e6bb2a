namespace Kosmo.Experiment.Config;

/// <summary><c>data:</c> where the panel comes from.</summary>
internal sealed record DataConfig
{
    /// <summary>synthetic (embedded default), krx (import ../shared/data/krx into a database first) or db (an existing database).</summary>
    public string Source { get; init; } = "synthetic";
    public string Db { get; init; } = "data/kosmo.db";
    public string Dir { get; init; } = "../shared/data/krx";
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public IReadOnlyList<string> Markets { get; init; } = ["KOSPI", "KOSDAQ"];
    public int SyntheticStocks { get; init; } = 300;
    public int SyntheticYears { get; init; } = 6;
    public int SyntheticSeed { get; init; } = 7;

    public static DataConfig Read(YamlSection s) => new()
    {
        Source = s.String("source", "synthetic", "synthetic", "krx", "db"),
        Db = s.String("db", "data/kosmo.db"),
        Dir = s.String("dir", "../shared/data/krx"),
        From = s.Date("from", null),
        To = s.Date("to", null),
        Markets = s.Strings("markets", ["KOSPI", "KOSDAQ"], "KOSPI", "KOSDAQ"),
        SyntheticStocks = s.Int("synthetic_stocks", 300, 20, 5000),
        SyntheticYears = s.Int("synthetic_years", 6, 2, 40),
        SyntheticSeed = s.Int("synthetic_seed", 7),
    };
}
