using Allot.Data.Tables;

namespace Allot.Data.Tests.Tables;

/// <summary>
/// A column's one character buffer grows by doubling up to its limit, and past it the table is refused (the table
/// reader turns the refusal into <c>E_TABLE_UNREADABLE</c> naming the file, as it does for any unreadable data).
/// </summary>
public sealed class TextColumnTests
{
    [Fact]
    public void Buffer_GrowsToItsLimit_ThenRefusesNamingColumnAndRow()
    {
        // The limit stands in for the runtime's array limit (2³¹ − 57 characters), which a test cannot fill.
        var column = new TextColumn("unit", capacity: 1, maxChars: 100);
        for (var i = 0; i < 10; i++)
        {
            column.Append("abcdefghij");
        }

        Assert.Equal(10, column.Count);
        Assert.Equal("abcdefghij", column[9]);
        var error = Assert.Throws<InvalidDataException>(() => column.Append("k"));
        Assert.Equal("column 'unit' holds more than 100 characters by row 11, the most one column can hold; split the input into smaller files (by group) and run each.", error.Message);
    }
}
