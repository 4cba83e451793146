-- CreateTable
CREATE TABLE "TestSendAllowance" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "TestSendAllowance_pkey" PRIMARY KEY ("key")
);
