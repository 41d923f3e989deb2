// mailaddr-peer.go: Go's net/mail as a peer for tests/mailaddr-diff.bats: one header value per
// input line; per line "N<TAB>OK<TAB>addresses joined by 0x1f" or "N<TAB>ERR". An address
// is printed as Address.String() prints it, without the angle brackets.
package main

import (
	"bufio"
	"fmt"
	"net/mail"
	"os"
	"strings"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for n := 1; ; n++ {
		line, err := in.ReadString('\n')
		if err != nil {
			break
		}
		list, perr := mail.ParseAddressList(strings.TrimSuffix(line, "\n"))
		if perr != nil {
			fmt.Fprintf(out, "%d\tERR\n", n)
			continue
		}
		addrs := []string{}
		for _, a := range list {
			s := (&mail.Address{Address: a.Address}).String()
			addrs = append(addrs, strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">"))
		}
		fmt.Fprintf(out, "%d\tOK\t%s\n", n, strings.Join(addrs, "\x1f"))
	}
}
