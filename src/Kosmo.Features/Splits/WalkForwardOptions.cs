namespace Kosmo.Features.Splits;

/// <summary>Parameters of <see cref="WalkForward"/>.</summary>
/// <param name="FirstTestYear">The first calendar year tested; one split per year from there on.</param>
/// <param name="RollingYears">Training window in years before the test year (null: expanding from the first sample).</param>
/// <param name="EmbargoDays">Embargo after each test year (only matters when a later split reuses it; kept for symmetry).</param>
public sealed record WalkForwardOptions(int FirstTestYear, int? RollingYears = null, int EmbargoDays = 0);
