package com.changebank.change;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Change in nickels and pennies for a dollar amount, computed in whole cents so no amount is rounded
 * the way binary floating point rounds it.
 */
public record Change(BigDecimal amount, long nickels, long pennies) {

    public static final int MAX_INPUT_LENGTH = 64;
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");

    /** Digits, or digits grouped by commas in threes; then optionally one or two decimals. */
    private static final Pattern AMOUNT = Pattern.compile("\\$?(\\d+|\\d{1,3}(,\\d{3})+)(\\.\\d{1,2})?");
    private static final Pattern TOO_MANY_DECIMALS = Pattern.compile("\\$?[\\d,]*\\.\\d{3,}");

    /**
     * Parses what a user typed, such as {@code 12.34}, {@code $1,234.57} or {@code  7 }.
     *
     * @throws InvalidAmountException with a message fit to show the user
     */
    public static Change of(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidAmountException("Please enter a dollar amount.");
        }
        if (input.length() > MAX_INPUT_LENGTH) {
            throw new InvalidAmountException("Please enter at most " + MAX_INPUT_LENGTH + " characters.");
        }
        String text = input.strip();
        if (!AMOUNT.matcher(text).matches()) {
            if (text.startsWith("-") || text.startsWith("$-")) {
                throw new InvalidAmountException("Please enter an amount of zero or more.");
            }
            if (TOO_MANY_DECIMALS.matcher(text).matches()) {
                throw new InvalidAmountException("Please enter at most two decimals (whole cents).");
            }
            throw new InvalidAmountException("Please enter a dollar amount, like 12.34.");
        }
        BigDecimal amount = new BigDecimal(text.replace("$", "").replace(",", "")).setScale(2);
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidAmountException("Please enter at most $" + format(MAX_AMOUNT) + ".");
        }
        long cents = amount.movePointRight(2).longValueExact();
        return new Change(amount, cents / 5, cents % 5);
    }

    /** For example "We can make change for $1,234.57 with 24,691 nickels and 2 pennies!". */
    public String describe() {
        return "We can make change for $" + format(amount)
                + " with " + count(nickels, "nickel", "nickels")
                + " and " + count(pennies, "penny", "pennies") + "!";
    }

    private static String format(BigDecimal dollars) {
        return String.format(Locale.US, "%,.2f", dollars);
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.US, "%,d %s", n, n == 1 ? one : many);
    }
}
