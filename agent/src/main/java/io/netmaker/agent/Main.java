package io.netmaker.agent;

public final class Main {
    public static void main(String[] args) {
        System.out.println("agent: not built yet");
    }
}
