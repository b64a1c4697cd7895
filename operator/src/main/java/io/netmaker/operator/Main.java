package io.netmaker.operator;

public final class Main {
    public static void main(String[] args) {
        System.out.println("operator: not built yet");
    }
}
