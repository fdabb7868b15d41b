package org.preflab.app;
public class Main { public static void main(String[] a) {} }
