package com.changebank.change;

/** An amount the user typed that cannot be changed; the message is written for the user. */
public class InvalidAmountException extends IllegalArgumentException {

    public InvalidAmountException(String message) {
        super(message);
    }
}
