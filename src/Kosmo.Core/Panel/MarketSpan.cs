namespace Kosmo.Core;

/// <summary>One span of a stock's dated market history: from date index <paramref name="From"/> on (until the next span) it was listed on <paramref name="Market"/>.</summary>
/// <param name="From">First date index of the span (0 for the first span).</param>
/// <param name="Market">The market on those dates.</param>
public readonly record struct MarketSpan(int From, Market Market);
