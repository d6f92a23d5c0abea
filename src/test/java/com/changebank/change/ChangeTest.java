package com.changebank.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChangeTest {

    /** Every amount from 0.00 to 99.99, typed as a user would, against change counted out coin by coin. */
    @Test
    void everyAmountBelowOneHundredDollars() {
        for (int dollars = 0; dollars < 100; dollars++) {
            for (int cents = 0; cents < 100; cents++) {
                String typed = dollars + "." + (cents < 10 ? "0" : "") + cents;
                long remaining = dollars * 100L + cents;
                long nickels = 0;
                while (remaining >= 5) {
                    remaining -= 5;
                    nickels++;
                }
                Change change = Change.of(typed);
                assertEquals(nickels, change.nickels(), typed + " nickels");
                assertEquals(remaining, change.pennies(), typed + " pennies");
                assertEquals(new BigDecimal(typed), change.amount(), typed + " amount");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.30         | 6             | 0",
        "0.07         | 1             | 2",
        "1,234.57     | 24691         | 2",
        "$1,234.57    | 24691         | 2",
        "'  42  '     | 840           | 0",
        "7            | 140           | 0",
        "7.5          | 150           | 0",
        "999999999.99 | 19999999999   | 4",
        "1000000000   | 20000000000   | 0",
        "$1,000,000,000.00 | 20000000000 | 0",
    })
    void acceptedAmounts(String typed, long nickels, long pennies) {
        Change change = Change.of(typed);
        assertEquals(nickels, change.nickels(), "nickels");
        assertEquals(pennies, change.pennies(), "pennies");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1234.57 | We can make change for $1,234.57 with 24,691 nickels and 2 pennies!",
        "0.06    | We can make change for $0.06 with 1 nickel and 1 penny!",
        "0       | We can make change for $0.00 with 0 nickels and 0 pennies!",
        "1000000000 | We can make change for $1,000,000,000.00 with 20,000,000,000 nickels and 0 pennies!",
    })
    void describesTheChange(String typed, String sentence) {
        assertEquals(sentence, Change.of(typed).describe());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void rejectsAMissingAmount(String typed) {
        assertRejected(typed, "Please enter a dollar amount.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12a", "1e5", "1E5", "NaN", "Infinity", "inf", "0x10", "1,23", "12,34.5",
        ".5", "5.", "1.2.3", "$", "$$5", "5$", "１２", "+5", "5 5", "1_000"})
    void rejectsWhatIsNotADollarAmount(String typed) {
        assertRejected(typed, "Please enter a dollar amount, like 12.34.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "-0.01", "$-5"})
    void rejectsNegativeAmounts(String typed) {
        assertRejected(typed, "Please enter an amount of zero or more.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.001", "1.999", "$1,234.567"})
    void rejectsFractionsOfACent(String typed) {
        assertRejected(typed, "Please enter at most two decimals (whole cents).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000000.01", "1,000,000,001", "99999999999999999999"})
    void rejectsAmountsOverTheMaximum(String typed) {
        assertRejected(typed, "Please enter at most $1,000,000,000.00.");
    }

    @Test
    void rejectsInputOverSixtyFourCharacters() {
        assertRejected("1".repeat(65), "Please enter at most 64 characters.");
        assertRejected(" ".repeat(60) + "12345", "Please enter at most 64 characters.");
    }

    private static void assertRejected(String typed, String message) {
        InvalidAmountException e = assertThrows(InvalidAmountException.class, () -> Change.of(typed), typed);
        assertEquals(message, e.getMessage(), typed);
    }
}
