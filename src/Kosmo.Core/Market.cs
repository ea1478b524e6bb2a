namespace Kosmo.Core;

/// <summary>The KRX market a stock is listed on.</summary>
public enum Market
{
    /// <summary>Not known from the source (e.g. pykrx rows with no market column and no lookup).</summary>
    Unknown = 0,
    /// <summary>KOSPI (KRX MarketId STK).</summary>
    Kospi = 1,
    /// <summary>KOSDAQ, including KOSDAQ GLOBAL (KRX MarketId KSQ).</summary>
    Kosdaq = 2,
    /// <summary>KONEX (KRX MarketId KNX). Never part of the default universe.</summary>
    Konex = 3,
}
