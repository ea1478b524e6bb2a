namespace Kosmo.Features.Statics;

/// <summary>A categorical static that changes on a date: from date index <paramref name="From"/> on, stock <paramref name="Code"/> has category <paramref name="Value"/>.</summary>
/// <param name="Code">Code index in the panel.</param>
/// <param name="From">First date index with the new category.</param>
/// <param name="Value">The category.</param>
public readonly record struct DatedCategory(int Code, int From, int Value);
